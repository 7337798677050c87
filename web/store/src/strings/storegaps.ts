/** Strings of the type-ahead search and of offline payment on the order page. */
export const storegaps = {
  'search.suggestions': 'Suggestions',
  'order.payWith': 'Paying by {method}',
};
