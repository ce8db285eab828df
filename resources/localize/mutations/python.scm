; Mutation sites for the localization benchmark (bench:localize). Captures:
;   @compare   a comparison whose operator is flipped
;   @number    an integer literal moved by one
;   @args      an argument list whose first two positional arguments are swapped
;   @condition a condition that is negated
;   @statement a statement that is dropped
;   @use       a variable use that is replaced by another local of the same function
;   @local     a name the function binds (parameters, assignment targets, loop variables)
(comparison_operator) @compare
(integer) @number
(call arguments: (argument_list) @args)
(if_statement condition: (_) @condition)
(elif_clause condition: (_) @condition)
(while_statement condition: (_) @condition)
(block (expression_statement) @statement)
(identifier) @use
(parameters (identifier) @local)
(default_parameter name: (identifier) @local)
(typed_parameter (identifier) @local)
(typed_default_parameter name: (identifier) @local)
(assignment left: (identifier) @local)
(augmented_assignment left: (identifier) @local)
(for_statement left: (identifier) @local)
(for_in_clause left: (identifier) @local)
