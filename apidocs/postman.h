#pragma once
// Postman v2.1 collection of what one token (or the account) can do: base URL and token as
// collection variables (the token left empty: a collection never carries a secret), one request
// per allowed endpoint with the example bodies, and small test scripts that check the status and
// carry the created lead's id on to the requests after it. A token that may delete also gets a
// DELETE of the lead the run itself created and an erasure dry run: running the collection never
// removes a lead it did not make. A "Webhooks" folder calls the webhook endpoints API on an
// endpoint it registers at {{webhookUrl}} and deletes again at the end.

#include <string>

#include "apidocs/docs_model.h"

namespace lg::apidocs {

std::string BuildPostman(const DocsRequest& request);

}  // namespace lg::apidocs
