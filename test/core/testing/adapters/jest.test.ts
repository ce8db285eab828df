import { describeFramework } from './fixtureSpec';

describeFramework({
  framework: 'jest',
  counts: { passed: 3, failed: 3, skipped: 1, errors: 0 },
  quantityTest: { id: 'tests/cart.test.js::Cart > multiplies price by quantity', line: 8 },
  typeErrorTest: { id: 'tests/cart.test.js::Cart > applies a discount given as an object', codeFile: 'src/cart.js' },
  passingTest: 'tests/cart.test.js::Cart > discounts > takes ten percent off',
  file: { path: 'tests/names.test.js' },
  fix: { file: 'src/cart.js', from: 'sum + item.price,', to: 'sum + item.price * item.quantity,', failingAfter: 1 },
  broken: { collectionFiles: ['tests/missing.test.js', 'tests/syntax.test.js'], passed: 1, words: /Cannot find module|Test suite failed to run/ },
});
