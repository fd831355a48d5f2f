//! The contract lives in the repository: the `_contract` page of the runtime
//! crate's docs (`runtime/src/contract.md`). Every rule id that code, tests
//! and docs cite must be defined on that page, and nothing may cite a
//! document that is not in the repository.

use std::path::{Path, PathBuf};

/// The repository root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every text file of the project, build output and lock files left out.
fn project_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name == "target" || name.starts_with('.') && name != ".ci" {
                continue;
            }
            if path.is_dir() {
                walk(&path, out);
            } else if ["rs", "md", "toml", "py", "in", "stderr"]
                .iter()
                .any(|ext| name.ends_with(&format!(".{ext}")))
                || path.ends_with(".ci/run")
            {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root(), &mut files);
    assert!(files.len() > 50, "found only {} files", files.len());
    files
}

/// Rule ids in `text`: a letter of a rule family and a number, standing alone.
fn rule_ids(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut ids = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        if !b"PGIHAWDSTBLK".contains(&b) || i > 0 && word(bytes[i - 1]) {
            continue;
        }
        let digits = bytes[i + 1..]
            .iter()
            .take_while(|d| d.is_ascii_digit())
            .count();
        let end = i + 1 + digits;
        if digits > 0 && bytes.get(end).is_none_or(|&next| !word(next)) {
            ids.push(text[i..end].to_owned());
        }
    }
    ids
}

/// The ids the contract page defines: each rule starts with `**X1.**` or
/// `**X1 (`.
fn defined_ids() -> Vec<String> {
    let page = std::fs::read_to_string(root().join("runtime/src/contract.md")).unwrap();
    page.split("**")
        .filter_map(|chunk| {
            let id = chunk.split(['.', ' ']).next()?;
            (rule_ids(id) == [id]).then(|| id.to_owned())
        })
        .collect()
}

#[test]
fn every_rule_id_cited_in_the_repository_is_defined_on_the_contract_page() {
    let defined = defined_ids();
    assert!(defined.len() >= 26, "the page defines only {defined:?}");
    let mut undefined = Vec::new();
    for file in project_files() {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for id in rule_ids(&text) {
            if !defined.contains(&id) {
                undefined.push(format!("{}: {id}", file.display()));
            }
        }
    }
    assert!(
        undefined.is_empty(),
        "ids not on the contract page: {undefined:#?}"
    );
}

#[test]
fn nothing_cites_a_document_outside_the_repository() {
    // Spelt in pieces so that this file does not cite them itself.
    let (spec, style) = (["SP", "EC"].concat(), ["STY", "LE"].concat());
    let mut citations = Vec::new();
    for file in project_files() {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            let lower = line.to_lowercase();
            let issue = lower
                .match_indices("issue ")
                .any(|(at, _)| lower[at + 6..].starts_with(|c: char| c.is_ascii_digit()));
            if issue || line.contains(&spec) || line.contains(&style) {
                citations.push(format!("{}:{}: {line}", file.display(), n + 1));
            }
        }
    }
    assert!(citations.is_empty(), "{citations:#?}");
}

#[test]
fn the_id_reader_finds_ids_and_only_ids() {
    assert_eq!(
        rule_ids("(G1, G6) and I2: A1-A6"),
        ["G1", "G6", "I2", "A1", "A6"]
    );
    assert!(rule_ids("g6_race SHA1 x86 A1b _G1 P").is_empty());
}
