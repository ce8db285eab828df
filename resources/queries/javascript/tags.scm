; JavaScript-only node shapes (class names are identifiers, heritage is a bare expression).

(class_declaration
  name: (identifier) @name
  body: (class_body) @body) @definition.class

(export_statement "default" declaration: (class_declaration name: (identifier) @export.default))

; `class A { handle = () => {...} }`
(field_definition
  property: (property_identifier) @name
  value: [
    (arrow_function body: (_) @body)
    (function_expression body: (_) @body)
  ]) @definition.method

(class_heritage (identifier) @name @reference.inherit)
(class_heritage
  (member_expression object: (_) @receiver property: (property_identifier) @name) @reference.inherit)
