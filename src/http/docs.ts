import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The OpenAPI document of the app, built from its controllers' and DTOs' decorators. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('shopstream')
      .setDescription(
        'Multi-tenant commerce API. Every route but /health needs a bearer JWT (the tenant comes from the token), ' +
          'except the storefront routes a guest may call with the shop\'s publishable key (x-publishable-key) and, for a guest cart, its token (x-cart-token).',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', in: 'header', name: 'x-publishable-key', description: "a shop's publishable key: the caller is a guest of that shop" }, 'publishable-key')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'x-cart-token', description: 'the token of a guest cart, returned once when the cart was created' }, 'cart-token')
      .build(),
  );
  // Error bodies carry the details of their error spread in (error.filter.ts): more may come.
  const errorSchema = document.components?.schemas?.ErrorResponse;
  if (errorSchema && !('$ref' in errorSchema)) errorSchema.additionalProperties = true;
  return document;
}

/** Locally and in tests: the docs page at /docs and the document at /docs/openapi.json, built at start. */
export function mountLiveDocs(app: INestApplication): void {
  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
}
