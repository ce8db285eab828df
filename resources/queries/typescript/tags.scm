; TypeScript (and TSX) node shapes on top of ecmascript/common.scm.

(class_declaration
  name: (type_identifier) @name
  body: (class_body) @body) @definition.class

(abstract_class_declaration
  name: (type_identifier) @name
  body: (class_body) @body) @definition.class

(export_statement "default" declaration: (class_declaration name: (type_identifier) @export.default))

; `class A { private handle = () => {...} }`
(public_field_definition
  name: (property_identifier) @name
  value: [
    (arrow_function body: (_) @body)
    (function_expression body: (_) @body)
  ]) @definition.method

(extends_clause value: (identifier) @name @reference.inherit)
(extends_clause
  value: (member_expression object: (_) @receiver property: (property_identifier) @name) @reference.inherit)
