#pragma once
// The documentation page's "Webhooks" section: registering endpoints, the events this token's
// endpoints receive with example payloads, an example delivery with its headers, the retry and
// disable rules, and how to verify a signature.

#include "apidocs/docs_model.h"
#include "apidocs/html_writer.h"

namespace lg::apidocs {

void WriteWebhooks(HtmlWriter& page, const DocsRequest& request);

}  // namespace lg::apidocs
