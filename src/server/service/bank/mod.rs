//! Bank reconciliation, one room: bank accounts and statements (`statements`, read by the CSV
//! parser `statement_csv`), finding each line's candidates (`matching`, scored by the pure
//! `matcher`), lines as people see them (`lines`) and resolving them (`resolve`).
pub mod lines;
pub mod matcher;
pub mod matching;
pub mod resolve;
pub mod statement_csv;
pub mod statements;
pub mod views;
