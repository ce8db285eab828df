import { describeFramework } from './fixtureSpec';

describeFramework({
  framework: 'pytest',
  counts: { passed: 5, failed: 4, skipped: 1, errors: 1 },
  quantityTest: { id: 'tests/test_cart.py::test_total_multiplies_by_quantity', line: 12 },
  typeErrorTest: { id: 'tests/test_cart.py::test_discount_without_coupon', codeFile: 'cart.py' },
  passingTest: 'tests/test_cart.py::test_empty_cart_totals_zero',
  file: { path: 'tests/test_names.py' },
  fix: { file: 'cart.py', from: 'sum(price for price, _quantity in items)', to: 'sum(price * quantity for price, quantity in items)', failingAfter: 1 },
  broken: { collectionFiles: ['tests/test_missing.py', 'tests/test_syntax.py'], passed: 1, words: /No module named 'module_that_does_not_exist'[\s\S]*SyntaxError|SyntaxError[\s\S]*No module named/ },
});
