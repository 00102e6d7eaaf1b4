//! The deployed program carries a security.txt that explorers can read: the bytes of the built
//! `.so` parse with the `solana-security-txt` crate's own parser, with bulkhead's fields.

use bulkhead_tests::program_path;

#[test]
fn the_so_carries_a_parseable_security_txt() {
    let so = std::fs::read(program_path()).expect("target/deploy/bulkhead.so: run scripts/build-sbf.sh");
    let txt = solana_security_txt::find_and_parse(&so).expect("a security.txt in the .so");
    assert_eq!(txt.name, "bulkhead");
    assert_eq!(txt.contacts.len(), 1);
    assert_eq!(txt.contacts[0].to_string(), "Email: security@bulkhead.invalid");
    assert_eq!(txt.policy, "SECURITY.md in the source repository");
    assert_eq!(txt.preferred_languages, vec!["en".to_string()]);
}
