//! The error codes are part of the program's interface (issue 14's maintainer asked for a test):
//! every variant of `BulkheadError`, in source order, is `6000 + its index`; its doc comment opens
//! with that code; the committed IDL lists the same names at the same codes; and what the program
//! returns for a variant is that code.

use bulkhead::errors::BulkheadError as E;
use bulkhead_tests::code;

const SOURCE: &str = include_str!("../../programs/bulkhead/src/errors.rs");
const IDL: &str = include_str!("../../idl/bulkhead.json");

/// `(doc code, variant name)` of every variant, in source order.
fn variants() -> Vec<(u64, String)> {
    let body = &SOURCE[SOURCE.find("pub enum BulkheadError {").expect("the enum")..];
    let mut out = Vec::new();
    let mut doc_code = None;
    for line in body.lines().skip(1) {
        let line = line.trim();
        if line == "}" {
            break;
        }
        if let Some(rest) = line.strip_prefix("/// ") {
            if doc_code.is_none() {
                doc_code = rest.split(':').next().and_then(|c| c.parse::<u64>().ok());
                assert!(doc_code.is_some(), "a variant's doc comment opens with its code: {line}");
            }
        } else if let Some(name) = line.strip_suffix(',') {
            if !name.starts_with('#') {
                out.push((doc_code.take().expect("a doc comment before every variant"), name.to_string()));
            }
        }
    }
    out
}

#[test]
fn every_code_is_its_index_its_doc_and_the_idls() {
    let variants = variants();
    assert_eq!(variants.len(), 117, "a variant was added or removed: update this count with the IDL");
    let idl: serde_json::Value = serde_json::from_str(IDL).unwrap();
    let errors = idl["errors"].as_array().expect("the IDL's errors");
    assert_eq!(errors.len(), variants.len(), "the IDL and the enum list as many errors");
    for (index, ((doc, name), entry)) in variants.iter().zip(errors).enumerate() {
        let expected = 6_000 + index as u64;
        assert_eq!(*doc, expected, "{name}'s doc comment gives {doc}, its index makes it {expected}");
        assert_eq!(entry["code"].as_u64(), Some(expected), "{name} in the IDL");
        assert_eq!(entry["name"].as_str(), Some(name.as_str()), "the IDL's error {expected}");
    }
    // What the program returns for a variant is the same code (first, last and a middle one).
    assert_eq!(code(E::MathOverflow), 6_000);
    assert_eq!(code(E::OperationPaused), 6_090);
    assert_eq!(code(E::NothingToSettle), 6_099);
}
