'use strict';
// express parses query strings with node's querystring ("simple", its default) and the app
// parses JSON bodies only (no urlencoded parser): qs is required when express loads but never
// called (see ../README.md). Were that to change, the call fails loudly instead of misparsing.
function unavailable() {
  throw new Error('qs is not bundled into the API Lambda: only JSON bodies and simple query strings are parsed');
}
module.exports = { parse: unavailable, stringify: unavailable };
