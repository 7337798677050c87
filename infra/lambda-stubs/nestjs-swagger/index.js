'use strict';
// Every export is a decorator factory whose decorator records nothing (see ../README.md).
const noDecorator = () => () => undefined;
module.exports = new Proxy(
  {},
  {
    get(_target, name) {
      if (name === '__esModule') return false;
      if (name === 'getSchemaPath') return (model) => `#/components/schemas/${typeof model === 'string' ? model : model.name}`;
      return noDecorator;
    },
  },
);
