#pragma once
// The documentation page's "Webhooks" section: registering endpoints, the events this token's
// endpoints receive with example payloads, an example delivery with its headers, the retry and
// disable rules, and how to verify a signature.

#include "docs/docs_model.h"
#include "docs/html_writer.h"

namespace lg::docs {

void WriteWebhooks(HtmlWriter& page, const DocsRequest& request);

}  // namespace lg::docs
