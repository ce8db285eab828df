; Test discovery (pytest's default rules): functions whose name starts with "test", and the
; classes they may sit in. Which classes are collected (Test*, unittest.TestCase subclasses) and
; how they nest is decided in src/core/testing/discoverTests.ts.
(function_definition
  name: (identifier) @name
  (#match? @name "^test")) @test

(class_definition
  name: (identifier) @name) @suite
