//! `form4 schema`: the generated JSON Schema describes the documents we write.

use std::process::Command;

use serde_json::{Value, json};

/// The JSON Schema of the output document, as `form4 schema` prints it.
fn schema() -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_form4")).arg("schema").output().unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A document with every kind of value: from a real XML, plus a located field.
fn known_document() -> Value {
    let xml = std::fs::read("/work/shared/corpus/real/xml/dgunning_374WaterForm4.xml").unwrap();
    let mut doc = serde_json::to_value(form4::xml::document_from_xml(&xml, "374Water.xml").unwrap()).unwrap();
    doc["extraction"]["fields"][0] = json!({"path": "/issuer/name", "confidence": 0.97, "page": 1, "bbox": [10.0, 20.0, 110.0, 32.5], "text": "374Water Inc."});
    doc
}

#[test]
fn key_properties_have_the_contract_types() {
    let schema = schema();
    let defs = &schema["$defs"];
    assert_eq!(schema["type"], json!("object"));
    assert_eq!(schema["properties"]["documentType"]["type"], json!(["string", "null"]));
    assert_eq!(schema["properties"]["aff10b5One"]["type"], json!(["boolean", "null"]));
    assert_eq!(schema["properties"]["reportingOwners"]["type"], json!("array"));
    let tx = &defs["NonDerivativeTransaction"]["properties"];
    assert_eq!(tx["shares"]["anyOf"][0]["$ref"], json!("#/$defs/Number"));
    assert_eq!(defs["Number"]["type"], json!("number"));
    assert_eq!(tx["footnoteIds"]["type"], json!("object"));
    assert_eq!(tx["footnoteIds"]["additionalProperties"]["items"]["type"], json!("string"));
    let field = &defs["FieldEntry"]["properties"];
    assert_eq!(field["confidence"]["minimum"], json!(0.0));
    assert_eq!(field["confidence"]["maximum"], json!(1.0));
    assert_eq!(field["bbox"]["minItems"], json!(4));
    let methods: Vec<&Value> = defs["Method"]["oneOf"].as_array().unwrap().iter().map(|m| &m["const"]).collect();
    assert_eq!(methods, [&json!("text"), &json!("ocr"), &json!("form-fields"), &json!("mixed"), &json!("xml")]);
}

#[test]
fn a_known_document_validates_and_a_broken_one_does_not() {
    let dir = std::env::temp_dir().join(format!("form4-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = known_document();
    let mut bad = good.clone();
    bad["extraction"]["fields"][0]["confidence"] = json!(1.5);
    bad["nonDerivativeTable"]["transactions"][0]["shares"] = json!("757,756");
    std::fs::write(dir.join("schema.json"), schema().to_string()).unwrap();
    std::fs::write(dir.join("good.json"), good.to_string()).unwrap();
    std::fs::write(dir.join("bad.json"), bad.to_string()).unwrap();
    // Python's jsonschema (corpus requirements) is the reference validator.
    let script = "import json,sys,jsonschema\n\
                  s=json.load(open(sys.argv[1]))\n\
                  v=jsonschema.Draft202012Validator(s)\n\
                  for f in sys.argv[2:]:\n    print(len(list(v.iter_errors(json.load(open(f))))))";
    let out = Command::new("python3")
        .args(["-c", script])
        .args([dir.join("schema.json"), dir.join("good.json"), dir.join("bad.json")])
        .output()
        .expect("python3 runs");
    std::fs::remove_dir_all(&dir).ok();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let counts: Vec<String> = String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect();
    assert_eq!(counts, ["0", "2"], "error counts of the good and the broken document");
}
