//! `bulkhead-localnet`: a local Solana JSON-RPC validator for the TypeScript suites, the demo and
//! `migrations/deploy.ts`. It is surfpool-core (LiteSVM behind Solana's JSON-RPC and WebSocket API)
//! started offline on 127.0.0.1, with programs placed at genesis the way `solana-test-validator
//! --bpf-program` and `anchor test` do. Clients talk to it exactly as to devnet.
//!
//! ```text
//! bulkhead-localnet [--port 8899] [--ws-port 8900] [--bpf-program <ID> <FILE.so>]...
//! ```
//! It prints `ready http://127.0.0.1:<port>` on stdout once the RPC server answers, and runs until
//! killed.

use std::{str::FromStr, time::Duration};

use solana_account::Account;
use solana_pubkey::Pubkey;
use surfpool_core::surfnet::{locker::SurfnetSvmLocker, svm::SurfnetSvm};
use surfpool_types::{BlockProductionMode, RpcConfig, SimnetConfig, SimnetEvent, SurfpoolConfig};

/// The non-upgradeable BPF loader (v2): a program placed at genesis needs no buffer or
/// program-data account, and LiteSVM loads it into its cache on `set_account`.
const BPF_LOADER: Pubkey = Pubkey::from_str_const("BPFLoader2111111111111111111111111111111111");

/// The command line, parsed by hand (three flags do not need a parser crate).
struct Args {
    port: u16,
    ws_port: u16,
    programs: Vec<(Pubkey, String)>,
}

fn parse() -> Result<Args, String> {
    let mut args = Args { port: 8899, ws_port: 8900, programs: vec![] };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--port" => args.port = value()?.parse().map_err(|e| format!("--port: {e}"))?,
            "--ws-port" => args.ws_port = value()?.parse().map_err(|e| format!("--ws-port: {e}"))?,
            "--bpf-program" => {
                let id = Pubkey::from_str(&value()?).map_err(|e| format!("--bpf-program id: {e}"))?;
                let path = value()?;
                args.programs.push((id, path));
            }
            "--help" | "-h" => {
                println!(
                    "bulkhead-localnet [--port 8899] [--ws-port 8900] [--bpf-program <ID> <FILE.so>]..."
                );
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

fn main() {
    let args = parse().unwrap_or_else(|e| {
        eprintln!("bulkhead-localnet: {e}");
        std::process::exit(2)
    });
    let config = SurfpoolConfig {
        simnets: vec![SimnetConfig {
            offline_mode: true,
            remote_rpc_url: None,
            // Slots follow the wall clock, so `Clock::unix_timestamp` moves like devnet's.
            block_production_mode: BlockProductionMode::Clock,
            ..SimnetConfig::default()
        }],
        rpc: RpcConfig {
            bind_host: "127.0.0.1".into(),
            bind_port: args.port,
            ws_port: args.ws_port,
            ..RpcConfig::default()
        },
        ..SurfpoolConfig::default()
    };
    let (mut svm, events, geyser) = SurfnetSvm::new(Default::default()).unwrap_or_else(|e| {
        eprintln!("bulkhead-localnet: could not build the SVM: {e}");
        std::process::exit(1)
    });
    for (id, path) in &args.programs {
        let elf = std::fs::read(path).unwrap_or_else(|e| {
            eprintln!("bulkhead-localnet: cannot read {path}: {e}");
            std::process::exit(1)
        });
        let lamports = svm.inner.minimum_balance_for_rent_exemption(elf.len());
        let program = Account { lamports, data: elf, owner: BPF_LOADER, executable: true, rent_epoch: 0 };
        svm.set_account(id, program).unwrap_or_else(|e| {
            eprintln!("bulkhead-localnet: cannot load {path} at {id}: {e}");
            std::process::exit(1)
        });
        eprintln!("loaded {path} at {id}");
    }
    let (commands_tx, commands_rx) = crossbeam_channel::unbounded();
    let locker = SurfnetSvmLocker::new(svm);
    std::thread::spawn(move || {
        let run = surfpool_core::runloops::start_local_surfnet_runloop(
            locker,
            config,
            commands_tx,
            commands_rx,
            geyser,
        );
        if let Err(e) = hiro_system_kit::nestable_block_on(run) {
            eprintln!("bulkhead-localnet: the validator stopped: {e}");
            std::process::exit(1)
        }
    });
    loop {
        match events.recv_timeout(Duration::from_secs(120)) {
            Ok(SimnetEvent::CoreStarted(_)) => {
                println!("ready http://127.0.0.1:{}", args.port);
                break;
            }
            Ok(SimnetEvent::Aborted(why)) => {
                eprintln!("bulkhead-localnet: aborted: {why}");
                std::process::exit(1)
            }
            Ok(_) => {}
            Err(e) => {
                eprintln!("bulkhead-localnet: no start within 120 s: {e}");
                std::process::exit(1)
            }
        }
    }
    // Keep draining events so the validator's sends never block; log only errors.
    for event in events {
        if let SimnetEvent::ErrorLog(_, msg) = event {
            eprintln!("error: {msg}");
        }
    }
}
