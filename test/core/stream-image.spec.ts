import { unmarshallImage } from '../../src/core/sync/stream-image';

describe('stream images as the local stream plugin hands them over', () => {
  it('reads empty maps the SDK turned into {} (a variant without options), as Lambda would send them', () => {
    const image = { pk: { S: 'TENANT#t' }, options: {}, nested: { M: { inner: {}, list: { L: [{}, { S: 'x' }] } } }, empty: { M: {} }, n: { N: '2' } };
    expect(unmarshallImage(image)).toEqual({ pk: 'TENANT#t', options: {}, nested: { inner: {}, list: [{}, 'x'] }, empty: {}, n: 2 });
  });
});
