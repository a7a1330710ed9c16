#pragma once
// JSON to YAML, so openapi.yaml says exactly what openapi.json says (one is made from the other).

#include <string>
#include <string_view>

#include "core/status.h"

namespace lg::apidocs {

core::Result<std::string> JsonToYaml(std::string_view json);

}  // namespace lg::apidocs
