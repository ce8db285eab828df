; JavaScript parameters are plain identifiers.
(formal_parameters (identifier) @local)
