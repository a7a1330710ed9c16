#pragma once
// The documentation page's section on the account's and admin's operations (apidocs/account_calls.h),
// for the account docs and an admin token's docs link (DocsRequest::admin_api) only. Pure.

#include "apidocs/docs_model.h"
#include "apidocs/html_writer.h"

namespace lg::apidocs {

void WriteAccountOperations(HtmlWriter& page, const DocsRequest& request);

}  // namespace lg::apidocs
