//! Builds the program's IDL the way `anchor idl build` does (anchor-lang-idl runs the program's
//! `idl-build` tests and collects what they print), without needing the Anchor CLI installed.
//!
//!   cargo run -p bulkhead-idl            # write idl/bulkhead.json
//!   cargo run -p bulkhead-idl -- --check # fail when the committed IDL is not current

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap();
    // anchor-lang-idl 0.2.0 turns RUSTUP_TOOLCHAIN (which rustup sets for every proxied tool) into a
    // literal "+{toolchain}" argument; the workspace toolchain is the right one anyway.
    std::env::remove_var("RUSTUP_TOOLCHAIN");
    // The inner `cargo test --features idl-build` runs with its own RUSTFLAGS; in the shared target/
    // it would rebuild (and race) the artifacts the other builds use, so it gets its own.
    std::env::set_var("CARGO_TARGET_DIR", root.join("target/idl-build"));
    let mut idl = match anchor_lang_idl::build::IdlBuilder::new()
        .program_path(root.join("programs/bulkhead"))
        .resolution(true)
        .build()
    {
        Ok(idl) => idl,
        Err(e) => {
            eprintln!("building the IDL failed: {e}");
            return ExitCode::FAILURE;
        }
    };
    name_event_program(&mut idl);
    let json = serde_json::to_string_pretty(&idl).unwrap() + "\n";
    let path = root.join("idl/bulkhead.json");
    if check {
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != json {
            eprintln!("idl/bulkhead.json is stale: run `cargo run -p bulkhead-idl` and commit it");
            return ExitCode::FAILURE;
        }
        eprintln!("idl/bulkhead.json is current");
    } else {
        std::fs::write(&path, json).unwrap();
        eprintln!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}

/// `#[event_cpi]` adds `event_authority` and `program` to every instruction; the program checks
/// that `program` is bulkhead itself (`WrongEventProgram`), but the attribute's field carries no
/// `address` constraint, so the IDL would leave it for every client to fill. This writes the
/// program's own address there, so generated clients (Codama) default it as they do the PDA.
fn name_event_program(idl: &mut anchor_lang_idl::types::Idl) {
    use anchor_lang_idl::types::IdlInstructionAccountItem::Single;
    for ix in &mut idl.instructions {
        let names: Vec<String> = ix
            .accounts
            .iter()
            .map(|a| match a {
                Single(a) => a.name.clone(),
                _ => String::new(),
            })
            .collect();
        for (i, account) in ix.accounts.iter_mut().enumerate() {
            if let Single(a) = account {
                if a.name == "program" && i > 0 && names[i - 1] == "event_authority" && a.address.is_none() {
                    a.address = Some(idl.address.clone());
                    a.docs = vec!["bulkhead itself: the callee of the self-CPI that emits the events".into()];
                }
            }
        }
    }
}
