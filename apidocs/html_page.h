#pragma once
// The documentation page a vendor opens: one self-contained HTML document (inline style and
// script, no external resource of any kind) with the schema tables, the endpoints the token may
// use, curl examples with copy buttons, paging, errors and rate limits, and webhooks (events,
// example deliveries, rules and how to verify a signature). Every text that comes from
// the schema is HTML-escaped.

#include <string>

#include "apidocs/docs_model.h"

namespace lg::apidocs {

std::string BuildHtmlPage(const DocsRequest& request);

}  // namespace lg::apidocs
