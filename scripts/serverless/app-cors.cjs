'use strict';
/**
 * A serverless-offline 13 hook (events/http/HttpServer.js, `onPreResponse`) answers every request
 * with an Origin, when serverless.yml sets no `provider.httpApi.cors`, with
 * `access-control-allow-origin: <the origin>` and `access-control-allow-credentials: true`, then
 * puts back only the headers the function set: with the app's `*` that made `*` + credentials,
 * a pair browsers refuse. Setting `httpApi.cors` instead swaps in its own CORS (the origin echoed
 * to any caller, preflights answered by hapi), unlike the app and the HTTP API in infra/.
 *
 * The app does CORS itself (src/app/create-app.ts: CORS_ORIGINS, no credentials, as the HTTP
 * API's corsPreflight in infra/ does), so this plugin makes the function's CORS headers the only
 * ones locally: whatever that hook adds or changes among the `access-control-*` headers, and the
 * status it gives a preflight, is put back as the function answered.
 */
const hapi = require('@hapi/hapi');

const CORS_HEADER = /^access-control-/i;
const prototype = Object.getPrototypeOf(hapi.server({ autoListen: false }));
const ext = prototype.ext;

/** serverless-offline's hook is the only `onPreResponse` extension that sets credentials. */
const isOfflineCorsHook = (event, method) => event === 'onPreResponse' && typeof method === 'function' && method.toString().includes('access-control-allow-credentials');

prototype.ext = function (event, method, options) {
  if (!isOfflineCorsHook(event, method)) return ext.call(this, event, method, options);
  const appCorsOnly = function (request, h) {
    const target = request.response && (request.response.isBoom ? request.response.output : request.response);
    const before = target && { statusCode: target.statusCode, headers: { ...target.headers } };
    const result = method.call(this, request, h);
    if (target) {
      for (const name of Object.keys(target.headers)) {
        if (!CORS_HEADER.test(name)) continue;
        if (before.headers[name] === undefined) delete target.headers[name];
        else target.headers[name] = before.headers[name];
      }
      target.statusCode = before.statusCode;
    }
    return result;
  };
  return ext.call(this, event, appCorsOnly, options);
};

/** Nothing to do at any lifecycle event: loading it is the whole work. */
module.exports = class AppCorsOnly {
  constructor() {
    this.hooks = {};
  }
};
