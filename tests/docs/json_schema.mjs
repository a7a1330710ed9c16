// ajv for the Node-based documentation tests: JSON Schema 2020-12 with ajv-formats' formats.
// `idn-email` (which the lead schemas' e-mail fields declare, core/field_formats.h) is taken as
// known, not checked: ajv-formats has no such format, and the `pattern` beside it says exactly what
// the server takes.
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

export function newAjv() {
  const ajv = new Ajv2020({ strict: false, allErrors: true, formats: { "idn-email": true } });
  addFormats(ajv);
  return ajv;
}
