; Test discovery for vitest, jest, mocha and node --test: describe/suite/context blocks and
; it/test/specify calls whose first argument is a literal title (also `.skip`, `.only`...).
; Titles computed at run time (`.each`, variables) are left to the runner's own report.
(call_expression
  function: [
    (identifier) @callee
    (member_expression
      object: (identifier) @callee
      property: (property_identifier) @modifier)
  ]
  arguments: (arguments . [(string) (template_string)] @title)
  (#match? @callee "^(describe|suite|context|it|test|specify)$")) @call
