; Python symbols and references for the SelfDebug workspace index.
; Capture conventions (shared by every language, see docs/index.md):
;   @definition.class / .function / .method  the node of a definition, with @name and @body
;   @doc + @doc.target                         a docstring and the definition it documents
;   @doc.module                                the module docstring
;   @reference.call      with @name and optional @receiver
;   @reference.inherit   with @name and optional @receiver (the base-class expression)
;   @reference.import    with @import.source / @import.module / @import.name / @import.alias / @import.wildcard
; Functions directly inside a class become methods; nesting gives the qualified name.

(class_definition
  name: (identifier) @name
  body: (block) @body) @definition.class

(function_definition
  name: (identifier) @name
  body: (block) @body) @definition.function

; `handler = lambda event: ...` at module or class level.
(expression_statement
  (assignment
    left: (identifier) @name
    right: (lambda body: (_) @body)) @definition.function)

; Docstrings: a string as the first statement of a body.
(module . (expression_statement (string) @doc.module))
(class_definition body: (block . (expression_statement (string) @doc))) @doc.target
(function_definition body: (block . (expression_statement (string) @doc))) @doc.target

; Calls: `f(...)`, `obj.f(...)`, `self.f(...)`, `super().f(...)`.
(call function: (identifier) @name) @reference.call
(call
  function: (attribute
    object: (_) @receiver
    attribute: (identifier) @name)) @reference.call

; Base classes: `class A(B, mod.C)`; keyword arguments such as metaclass= are not bases.
(class_definition
  superclasses: (argument_list (identifier) @name @reference.inherit))
(class_definition
  superclasses: (argument_list
    (attribute object: (_) @receiver attribute: (identifier) @name) @reference.inherit))

; `import a.b`, `import a.b as c`
(import_statement name: (dotted_name) @import.module) @reference.import
(import_statement
  name: (aliased_import name: (dotted_name) @import.module alias: (identifier) @import.alias)) @reference.import

; `from m import a`, `from ..m import a as b`, `from . import x`, `from m import *`
(import_from_statement
  module_name: (_) @import.source
  name: (dotted_name) @import.name) @reference.import
(import_from_statement
  module_name: (_) @import.source
  name: (aliased_import name: (dotted_name) @import.name alias: (identifier) @import.alias)) @reference.import
(import_from_statement
  module_name: (_) @import.source
  (wildcard_import) @import.wildcard) @reference.import
