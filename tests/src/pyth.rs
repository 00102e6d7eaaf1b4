//! `PriceUpdateV2` account bytes, made the way the Pyth Solana receiver makes them: Borsh
//! serialization of mirrors of its own types (`pyth_solana_receiver_sdk::price_update`), written
//! into the receiver's 134-byte allocation behind the Anchor discriminator. An implementation
//! independent of the program's hand-written parser, which it tests.

use borsh::BorshSerialize;

/// Mirror of the receiver's `VerificationLevel`.
#[derive(BorshSerialize, Clone, Copy, Debug)]
pub enum VerificationLevel {
    Partial { num_signatures: u8 },
    Full,
}

/// Mirror of `pythnet_sdk::messages::PriceFeedMessage`.
#[derive(BorshSerialize, Clone, Copy, Debug)]
pub struct PriceFeedMessage {
    pub feed_id: [u8; 32],
    pub price: i64,
    pub conf: u64,
    pub exponent: i32,
    pub publish_time: i64,
    pub prev_publish_time: i64,
    pub ema_price: i64,
    pub ema_conf: u64,
}

/// Mirror of the receiver's `PriceUpdateV2` account.
#[derive(BorshSerialize, Clone, Copy, Debug)]
pub struct PriceUpdateV2 {
    pub write_authority: [u8; 32],
    pub verification_level: VerificationLevel,
    pub price_message: PriceFeedMessage,
    pub posted_slot: u64,
}

/// The receiver's allocation: `PriceUpdateV2::LEN = 8 + 32 + 2 + 32 + 8 + 8 + 4 + 8 + 8 + 8 + 8 + 8`.
pub const PRICE_UPDATE_V2_LEN: usize = 134;

impl PriceUpdateV2 {
    /// A fully verified update for `feed_id`.
    pub fn new(feed_id: [u8; 32], price: i64, conf: u64, exponent: i32, publish_time: i64) -> Self {
        PriceUpdateV2 {
            write_authority: [7; 32],
            verification_level: VerificationLevel::Full,
            price_message: PriceFeedMessage {
                feed_id,
                price,
                conf,
                exponent,
                publish_time,
                prev_publish_time: publish_time - 1,
                ema_price: price,
                ema_conf: conf,
            },
            posted_slot: 1,
        }
    }

    /// The account data: discriminator, Borsh payload, zero padding to the allocation.
    pub fn account_data(&self) -> Vec<u8> {
        let mut data = bulkhead::oracle::PRICE_UPDATE_V2_DISCRIMINATOR.to_vec();
        self.serialize(&mut data).unwrap();
        assert!(data.len() <= PRICE_UPDATE_V2_LEN);
        data.resize(PRICE_UPDATE_V2_LEN, 0);
        data
    }
}
