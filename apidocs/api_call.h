#pragma once
// One call of an API the docs describe call by call (the webhook endpoints API, the account's
// and admin's operations): what its HTML, Postman and OpenAPI forms are written from. Paths name
// their parameters in braces.

#include <string>
#include <vector>

#include "core/status.h"

namespace lg::apidocs {

struct ApiCall {
  std::string method;
  std::string path;
  std::string operation_id;
  std::string title;           // a few words: a Postman request's name, an OpenAPI summary
  std::string summary;         // what it does, for the HTML table and the OpenAPI description
  std::string request_schema;  // OpenAPI component, empty: no body
  std::string request_example;
  int status = 200;             // the answer when it works
  std::string response_schema;  // OpenAPI component, empty: no body
  std::string response_example;
  // The error answers it has besides those of every call (a path with parameters: 404; a body:
  // 422; what any request may meet: apidocs/openapi_parts.h).
  std::vector<core::ErrorKind> errors = {};
  std::string access = {};  // the access it needs (OpenAPI x-leadgate-access); empty: not shown
  std::string query = {};   // its query parameters, a JSON array of OpenAPI parameters; empty: none
  bool body_required = true;
};

}  // namespace lg::apidocs
