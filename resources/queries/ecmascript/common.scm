; JavaScript and TypeScript symbols and references shared by the javascript, typescript and tsx
; grammars (only node types all three have). Capture conventions: see python/tags.scm.

(function_declaration
  name: (identifier) @name
  body: (statement_block) @body) @definition.function

(generator_function_declaration
  name: (identifier) @name
  body: (statement_block) @body) @definition.function

(method_definition
  name: (_) @name
  body: (statement_block) @body) @definition.method

; `const f = () => ...`, `let g = function () {...}`, `var h = async function* () {...}`
(variable_declarator
  name: (identifier) @name
  value: [
    (arrow_function body: (_) @body)
    (function_expression body: (_) @body)
    (generator_function body: (_) @body)
  ]) @definition.function

; `const K = class extends A {...}`
(variable_declarator
  name: (identifier) @name
  value: (class body: (class_body) @body)) @definition.class

; `module.exports.f = function () {...}`, `Foo.prototype.bar = () => ...`
(assignment_expression
  left: (member_expression property: (property_identifier) @name)
  right: [
    (arrow_function body: (_) @body)
    (function_expression body: (_) @body)
  ]) @definition.function

; Test callbacks: `describe("cart", () => {...})`, `it.only("adds", async function () {...})`.
(call_expression
  function: [
    (identifier) @_test
    (member_expression object: (identifier) @_test)
  ]
  arguments: (arguments
    .
    (string (string_fragment) @name)
    .
    [
      (arrow_function body: (_) @body)
      (function_expression body: (_) @body)
    ])
  (#any-of? @_test "describe" "it" "test" "suite" "context" "specify")) @definition.function

; Calls: `f()`, `obj.f()`, `this.f()`, `new K()`.
(call_expression function: (identifier) @name) @reference.call
(call_expression
  function: (member_expression
    object: (_) @receiver
    property: (_) @name)) @reference.call
(new_expression constructor: (identifier) @name) @reference.call
(new_expression
  constructor: (member_expression
    object: (_) @receiver
    property: (_) @name)) @reference.call

; Imports. Every import/export-from gives the module edge; the binding patterns add local names.
(import_statement source: (string (string_fragment) @import.source)) @reference.import
(import_statement
  (import_clause (identifier) @import.default)
  source: (string (string_fragment) @import.source)) @reference.import
(import_statement
  (import_clause
    (named_imports
      (import_specifier name: (_) @import.name alias: (_)? @import.alias)))
  source: (string (string_fragment) @import.source)) @reference.import
(import_statement
  (import_clause (namespace_import (identifier) @import.namespace))
  source: (string (string_fragment) @import.source)) @reference.import

; Re-exports: `export * from "./x"`, `export { a as b } from "./y"`.
(export_statement
  !declaration
  source: (string (string_fragment) @import.source)) @reference.import
(export_statement
  (export_clause (export_specifier name: (_) @import.name alias: (_)? @import.alias))
  source: (string (string_fragment) @import.source)) @reference.import

; `import("./x")`
(call_expression
  function: (import)
  arguments: (arguments . (string (string_fragment) @import.source))) @reference.import

; CommonJS: `require("./x")`, `const x = require("./x")`, `const { a } = require("./x")`.
(call_expression
  function: (identifier) @_require
  arguments: (arguments . (string (string_fragment) @import.source))
  (#eq? @_require "require")) @reference.import
(variable_declarator
  name: (identifier) @import.namespace
  value: (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string (string_fragment) @import.source)))
  (#eq? @_require "require")) @reference.import
(variable_declarator
  name: (object_pattern (shorthand_property_identifier_pattern) @import.name)
  value: (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string (string_fragment) @import.source)))
  (#eq? @_require "require")) @reference.import

; Default exports, so `import d from "./m"` finds the symbol.
(export_statement
  "default"
  declaration: [
    (function_declaration name: (identifier) @export.default)
    (generator_function_declaration name: (identifier) @export.default)
  ])
(export_statement "default" value: (identifier) @export.default)
(assignment_expression
  left: (member_expression
    object: (identifier) @_module
    property: (property_identifier) @_exports)
  right: (identifier) @export.default
  (#eq? @_module "module")
  (#eq? @_exports "exports"))
