/// The JSON Schema of `bank-<lang>.json`, written beside the banks as `bank.schema.json`.
/// The repository keeps the same text in `schemas/bank.schema.json` (a test checks that the
/// two are identical; `KMEMGUIDE_RECORD=1` rewrites the file from this one).
public enum BankSchema {
    public static let fileName = "bank.schema.json"

    public static let text = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "title": "kmemguide question bank",
      "description": "One language of a kmemguide question bank, as written by `kmemguide bank --format json` (bank-<lang>.json). Text is as authored: plain text, paragraphs separated by a blank line, `backticks` for code and ``` fences for code blocks.",
      "type": "object",
      "required": ["format", "formatVersion", "language", "seed", "variants", "questionCount", "questions"],
      "additionalProperties": false,
      "properties": {
        "format": { "const": "kmemguide-bank" },
        "formatVersion": { "const": 1, "description": "Raised when a change would break readers of this shape." },
        "language": { "enum": ["en", "zh", "ja"], "description": "en English, zh Simplified Chinese, ja Japanese." },
        "seed": { "type": "integer", "minimum": 0, "description": "The --seed the bank was generated with." },
        "variants": { "type": "integer", "minimum": 1, "description": "Seeded instances of each generated family (--variants)." },
        "questionCount": { "type": "integer", "minimum": 0, "description": "The length of `questions`." },
        "questions": { "type": "array", "items": { "$ref": "#/$defs/question" } }
      },
      "$defs": {
        "text": { "type": "string", "minLength": 1 },
        "question": {
          "type": "object",
          "required": ["id", "topic", "kind", "difficulty", "points", "family", "prompt", "explanation", "choices", "answer", "sources"],
          "additionalProperties": false,
          "properties": {
            "id": { "type": "string", "minLength": 1, "description": "Stable id: authored ids as written, generated ones `family/v<version>/seed`." },
            "topic": { "type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$", "description": "The page slug the question belongs to." },
            "kind": { "enum": ["single", "multiple", "truefalse", "numeric", "hex", "short", "matching", "ordering"] },
            "difficulty": { "type": "integer", "minimum": 1, "maximum": 3, "description": "1 recall … 3 compute or reason in several steps." },
            "points": { "type": "integer", "minimum": 1, "description": "What the question is worth (by difficulty unless --points says otherwise)." },
            "family": { "type": ["string", "null"], "description": "The generator family, null for authored questions." },
            "prompt": { "$ref": "#/$defs/text" },
            "explanation": { "$ref": "#/$defs/text", "description": "The worked solution." },
            "choices": {
              "type": "array",
              "description": "The options of single and multiple questions, in the order written; empty for other kinds.",
              "items": {
                "type": "object",
                "required": ["id", "text", "correct", "misconception", "feedback"],
                "additionalProperties": false,
                "properties": {
                  "id": { "type": "string", "minLength": 1 },
                  "text": { "$ref": "#/$defs/text" },
                  "correct": { "type": "boolean" },
                  "misconception": { "type": ["string", "null"], "description": "For a wrong option: the misconception it stands for." },
                  "feedback": { "type": ["string", "null"] }
                }
              }
            },
            "answer": {
              "oneOf": [
                { "$ref": "#/$defs/choicesAnswer" }, { "$ref": "#/$defs/trueFalseAnswer" }, { "$ref": "#/$defs/numericAnswer" },
                { "$ref": "#/$defs/hexAnswer" }, { "$ref": "#/$defs/textAnswer" }, { "$ref": "#/$defs/matchingAnswer" },
                { "$ref": "#/$defs/orderingAnswer" }
              ]
            },
            "sources": {
              "type": "array",
              "items": {
                "type": "object",
                "required": ["seed", "kernelFile"],
                "additionalProperties": false,
                "properties": {
                  "seed": { "type": ["string", "null"], "description": "A seed article id from content/seeds.yaml." },
                  "kernelFile": { "type": ["string", "null"], "description": "A kernel file with its version, e.g. 6.1:mm/slab_common.c." }
                }
              }
            }
          },
          "allOf": [
            { "if": { "properties": { "kind": { "enum": ["single", "multiple"] } } },
              "then": { "properties": { "answer": { "$ref": "#/$defs/choicesAnswer" }, "choices": { "minItems": 2 } } } },
            { "if": { "properties": { "kind": { "const": "single" } } },
              "then": { "properties": { "answer": { "properties": { "correct": { "maxItems": 1 } } } } } },
            { "if": { "properties": { "kind": { "const": "truefalse" } } }, "then": { "properties": { "answer": { "$ref": "#/$defs/trueFalseAnswer" } } } },
            { "if": { "properties": { "kind": { "const": "numeric" } } }, "then": { "properties": { "answer": { "$ref": "#/$defs/numericAnswer" } } } },
            { "if": { "properties": { "kind": { "const": "hex" } } }, "then": { "properties": { "answer": { "$ref": "#/$defs/hexAnswer" } } } },
            { "if": { "properties": { "kind": { "const": "short" } } }, "then": { "properties": { "answer": { "$ref": "#/$defs/textAnswer" } } } },
            { "if": { "properties": { "kind": { "const": "matching" } } }, "then": { "properties": { "answer": { "$ref": "#/$defs/matchingAnswer" } } } },
            { "if": { "properties": { "kind": { "const": "ordering" } } }, "then": { "properties": { "answer": { "$ref": "#/$defs/orderingAnswer" } } } }
          ]
        },
        "choicesAnswer": {
          "type": "object", "required": ["type", "correct"], "additionalProperties": false,
          "properties": {
            "type": { "const": "choices" },
            "correct": { "type": "array", "minItems": 1, "uniqueItems": true, "items": { "type": "string" }, "description": "Ids of the correct choices." }
          }
        },
        "trueFalseAnswer": {
          "type": "object", "required": ["type", "value"], "additionalProperties": false,
          "properties": { "type": { "const": "truefalse" }, "value": { "type": "boolean" } }
        },
        "numericAnswer": {
          "type": "object", "required": ["type", "value", "tolerance"], "additionalProperties": false,
          "properties": {
            "type": { "const": "numeric" },
            "value": { "type": "number" },
            "tolerance": { "type": "number", "minimum": 0, "description": "Absolute: right when |answer − value| ≤ tolerance." }
          }
        },
        "hexAnswer": {
          "type": "object", "required": ["type", "value", "accepted"], "additionalProperties": false,
          "properties": {
            "type": { "const": "hex" },
            "value": { "type": "string", "pattern": "^0x[0-9a-f]{8}([0-9a-f]{8})?$", "description": "The address, 0x and 8 (or 16) lower-case digits." },
            "accepted": { "type": "array", "minItems": 1, "items": { "type": "string", "pattern": "^(0x)?[0-9a-f]+$" }, "description": "Spellings accepted, compared without case." }
          }
        },
        "textAnswer": {
          "type": "object", "required": ["type", "accepted"], "additionalProperties": false,
          "properties": {
            "type": { "const": "text" },
            "accepted": { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/text" }, "description": "Compared after trimming, without case." }
          }
        },
        "matchingAnswer": {
          "type": "object", "required": ["type", "pairs"], "additionalProperties": false,
          "properties": {
            "type": { "const": "matching" },
            "pairs": {
              "type": "array", "minItems": 2,
              "items": {
                "type": "object", "required": ["left", "right"], "additionalProperties": false,
                "properties": { "left": { "$ref": "#/$defs/text" }, "right": { "$ref": "#/$defs/text" } }
              }
            }
          }
        },
        "orderingAnswer": {
          "type": "object", "required": ["type", "items"], "additionalProperties": false,
          "properties": {
            "type": { "const": "ordering" },
            "items": { "type": "array", "minItems": 2, "items": { "$ref": "#/$defs/text" }, "description": "In the right order." }
          }
        }
      }
    }

    """#
}
