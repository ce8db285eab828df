; Mutation sites for the localization benchmark (bench:localize), JavaScript and TypeScript.
; Captures as in python.scm.
(binary_expression) @compare
(number) @number
(call_expression arguments: (arguments) @args)
(if_statement condition: (parenthesized_expression) @condition)
(while_statement condition: (parenthesized_expression) @condition)
(ternary_expression condition: (_) @condition)
(statement_block (expression_statement) @statement)
(identifier) @use
(variable_declarator name: (identifier) @local)
