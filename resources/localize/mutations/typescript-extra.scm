; TypeScript parameters are wrapped in required/optional_parameter nodes.
(required_parameter pattern: (identifier) @local)
(optional_parameter pattern: (identifier) @local)
