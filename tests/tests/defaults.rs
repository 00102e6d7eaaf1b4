//! One default parameter set (issue 14's maintainer: three copies disagreed). The program's
//! `DEFAULT_RISK_CONFIG` is the only source; the harness's `default_params` returns it, and the
//! TypeScript client's `DEFAULT_RISK_CONFIG` decodes `app/src/risk-config.default.json`, which
//! this test writes from the Rust constant, one key per field under the IDL's names
//! (`BULKHEAD_BLESS=1` rewrites it; otherwise any difference fails).

use bulkhead::state::{RiskConfig, DEFAULT_RISK_CONFIG};
use bulkhead_tests::default_params;

const IDL: &str = include_str!("../../idl/bulkhead.json");
const JSON_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../app/src/risk-config.default.json");

/// `snake_case` as Codama names it (`camelCase`, a leading underscore dropped).
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.trim_start_matches('_').chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The default config as JSON (keys sorted), reading its bytes (`repr(C)`, no implicit padding) in the IDL's
/// field order; padding fields are left out (the client fills them with zeros).
fn defaults_json() -> String {
    let idl: serde_json::Value = serde_json::from_str(IDL).unwrap();
    let ty = idl["types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "RiskConfig")
        .expect("RiskConfig in the IDL");
    let bytes = anchor_lang::bytemuck::bytes_of(&DEFAULT_RISK_CONFIG);
    let (mut at, mut fields) = (0usize, serde_json::Map::new());
    for field in ty["type"]["fields"].as_array().unwrap() {
        let name = field["name"].as_str().unwrap();
        let (width, value) = match &field["type"] {
            serde_json::Value::String(t) if t == "u32" => {
                (4, u64::from(u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())))
            }
            serde_json::Value::String(t) if t == "u64" => {
                (8, u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()))
            }
            other => {
                let width = other["array"][1].as_u64().expect("a padding byte array") as usize;
                assert!(name.starts_with('_') && bytes[at..at + width].iter().all(|b| *b == 0), "{name}");
                at += width;
                continue;
            }
        };
        assert!(value < 1 << 53, "{name}: a JSON number must stay exact in JavaScript");
        fields.insert(camel(name), value.into());
        at += width;
    }
    assert_eq!(at, std::mem::size_of::<RiskConfig>(), "every byte read");
    serde_json::to_string_pretty(&serde_json::Value::Object(fields)).unwrap() + "\n"
}

#[test]
fn the_client_and_the_harness_use_the_programs_defaults() {
    assert_eq!(default_params(), DEFAULT_RISK_CONFIG);
    assert!(DEFAULT_RISK_CONFIG.validate().is_ok());
    let json = defaults_json();
    if std::env::var_os("BULKHEAD_BLESS").is_some() {
        std::fs::write(JSON_PATH, &json).unwrap();
    }
    let committed = std::fs::read_to_string(JSON_PATH).unwrap_or_default();
    assert!(
        committed == json,
        "app/src/risk-config.default.json is stale: run with BULKHEAD_BLESS=1 and commit it"
    );
}
