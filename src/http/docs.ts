import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { CART_TOKEN_SCHEME, ORDER_TOKEN_SCHEME, PUBLISHABLE_KEY_SCHEME } from './api-security';

/** The OpenAPI document of the app, built from its controllers' and DTOs' decorators. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('shopstream')
      .setDescription(
        'Multi-tenant commerce API. Routes need a bearer JWT (the tenant comes from the token), except /health, the docs and the payment providers\' webhooks ' +
          '(POST /webhooks/{provider}/{tenant}: public, authenticated by the signature over the body) and /auth (public: sign-up, sign-in and passwords, the shop named in the body; ' +
          'the bearer token is the `idToken` of POST /auth/sign-in). ' +
          "Routes that list the publishable-key scheme also take a shop's publishable key instead (a guest of that shop: the storefront's catalog, carts and checkout); with a token, the key is ignored.",
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .addApiKey(
        { type: 'apiKey', in: 'header', name: 'x-publishable-key', description: "A shop's publishable key (`pk_<tenant>_...`, POST /publishable-keys): the caller is a guest of that shop. Sent without an Authorization header." },
        PUBLISHABLE_KEY_SCHEME,
      )
      .addApiKey(
        { type: 'apiKey', in: 'header', name: 'x-cart-token', description: "A guest cart's token, returned once when the cart is created; never put it in a URL." },
        CART_TOKEN_SCHEME,
      )
      .addApiKey(
        { type: 'apiKey', in: 'header', name: 'x-order-token', description: "A guest order's token, returned by checkout (`orderToken`) and in the order mail's link fragment; never put it in a URL." },
        ORDER_TOKEN_SCHEME,
      )
      .build(),
  );
  dedupeSecurity(document);
  describeAccess(document);
  return document;
}

interface AccessExtensions {
  description?: string;
  /** `@Allow` (src/auth/permissions.ts): the permission a staff caller needs, and the roles holding it. */
  'x-permissions'?: string[];
  'x-permission-holders'?: string[];
  /** `@Roles`: the roles let in without a permission (customers, guests). */
  'x-roles'?: string[];
}

/** Each operation's description ends with who may call it: its permission and who holds it, its roles. */
function describeAccess(document: OpenAPIObject): void {
  for (const byMethod of Object.values(document.paths)) {
    for (const operation of Object.values(byMethod) as AccessExtensions[]) {
      if (!operation || typeof operation !== 'object') continue;
      const [permission] = operation['x-permissions'] ?? [];
      const roles = operation['x-roles'] ?? [];
      const parts = [
        ...(permission ? [`Needs the permission \`${permission}\` (held by ${(operation['x-permission-holders'] ?? []).join(', ')}).`] : []),
        ...(roles.length > 0 ? [`${permission ? 'Also open to' : 'Open to'}: ${roles.join(', ')}.`] : []),
      ];
      if (parts.length > 0) operation.description = [operation.description, parts.join(' ')].filter(Boolean).join('\n\n');
    }
  }
}

/**
 * A route that names a scheme its controller names too (`@Roles(..., 'guest')` adds bearer and
 * publishable-key under a class-level `@ApiBearerAuth()`) lists each alternative once.
 */
function dedupeSecurity(document: OpenAPIObject): void {
  for (const byMethod of Object.values(document.paths)) {
    for (const operation of Object.values(byMethod) as { security?: Record<string, string[]>[] }[]) {
      if (!operation?.security) continue;
      const seen = new Set<string>();
      // A cart route's "key and cart token" makes the key alone (from @Roles) redundant.
      const keyWithCart = operation.security.some((r) => PUBLISHABLE_KEY_SCHEME in r && (CART_TOKEN_SCHEME in r || ORDER_TOKEN_SCHEME in r));
      operation.security = operation.security.filter((requirement) => {
        const key = JSON.stringify(requirement);
        if (keyWithCart && key === JSON.stringify({ [PUBLISHABLE_KEY_SCHEME]: [] })) return false;
        return seen.has(key) ? false : (seen.add(key), true);
      });
    }
  }
}

/** Locally and in tests: the docs page at /docs and the document at /docs/openapi.json, built at start. */
export function mountLiveDocs(app: INestApplication): void {
  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
}
