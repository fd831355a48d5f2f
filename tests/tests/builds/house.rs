//! The house rules: every rule id cited in the repository is defined on the
//! contract page, nothing cites a document outside it, and the modules of
//! each crate depend one way.

mod contract {
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
}

mod layering {
    //! Modules depend one way: in each crate, the `use crate::..` lines of its
    //! files form no cycle, not even through several modules, and no chain of
    //! them is longer than five files, so a reader gets from any entry point to
    //! the bottom in a few steps.

    use std::collections::BTreeMap;
    use std::path::Path;

    /// Each module of `src` and the modules it imports with `use crate::..`.
    fn imports(src: &str) -> BTreeMap<String, Vec<String>> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(src);
        let mut graph = BTreeMap::new();
        for entry in std::fs::read_dir(&dir).expect("a source dir") {
            let path = entry.expect("an entry").path();
            if path.extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            let module = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let mut used: Vec<String> = text
                .lines()
                .filter_map(|line| line.strip_prefix("use crate::"))
                .map(|rest| {
                    rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                        .next()
                        .unwrap()
                        .to_owned()
                })
                .filter(|used| *used != module)
                .collect();
            used.sort();
            used.dedup();
            graph.insert(module, used);
        }
        assert!(graph.len() > 5, "read only {graph:?}");
        graph
    }

    /// A cycle in `graph`, if there is one.
    fn cycle(graph: &BTreeMap<String, Vec<String>>) -> Option<Vec<String>> {
        fn visit(
            graph: &BTreeMap<String, Vec<String>>,
            module: &str,
            path: &mut Vec<String>,
            done: &mut Vec<String>,
        ) -> Option<Vec<String>> {
            if let Some(at) = path.iter().position(|m| m == module) {
                let mut found = path[at..].to_vec();
                found.push(module.to_owned());
                return Some(found);
            }
            if done.iter().any(|m| m == module) {
                return None;
            }
            path.push(module.to_owned());
            for next in graph.get(module).into_iter().flatten() {
                if let Some(found) = visit(graph, next, path, done) {
                    return Some(found);
                }
            }
            path.pop();
            done.push(module.to_owned());
            None
        }
        let mut done = Vec::new();
        graph
            .keys()
            .find_map(|module| visit(graph, module, &mut Vec::new(), &mut done))
    }

    /// The longest chain of imports in `graph` (which has no cycle), as the
    /// files it goes through.
    fn longest_chain(graph: &BTreeMap<String, Vec<String>>) -> Vec<String> {
        fn from(graph: &BTreeMap<String, Vec<String>>, module: &str) -> Vec<String> {
            let mut best = Vec::new();
            for next in graph.get(module).into_iter().flatten() {
                let chain = from(graph, next);
                if chain.len() > best.len() {
                    best = chain;
                }
            }
            best.insert(0, module.to_owned());
            best
        }
        graph
            .keys()
            .map(|module| from(graph, module))
            .max_by_key(Vec::len)
            .unwrap_or_default()
    }

    #[test]
    fn the_runtimes_modules_depend_one_way() {
        let graph = imports("runtime/src");
        assert_eq!(cycle(&graph), None, "{graph:#?}");
        let chain = longest_chain(&graph);
        assert!(chain.len() <= 5, "{chain:?}");
        // The plain data imports nothing; the state machine only the data.
        assert_eq!(graph["request"], Vec::<String>::new());
        assert_eq!(graph["policy"], Vec::<String>::new());
        assert_eq!(graph["machine"], ["request"]);
        // The public entry points reach the shell around the machine directly.
        for entry in ["exit", "boundary", "guard", "signals"] {
            assert!(
                graph[entry].contains(&"shutdown".to_owned()),
                "{entry}: {graph:#?}"
            );
        }
    }

    #[test]
    fn the_macros_modules_depend_one_way() {
        let graph = imports("macros/src");
        assert_eq!(cycle(&graph), None, "{graph:#?}");
        assert!(longest_chain(&graph).len() <= 5, "{graph:#?}");
        assert_eq!(graph["policy"], Vec::<String>::new());
    }

    #[test]
    fn the_longest_chain_is_found() {
        let graph: BTreeMap<String, Vec<String>> = [
            ("a", vec!["b", "d"]),
            ("b", vec!["c"]),
            ("c", vec![]),
            ("d", vec![]),
        ]
        .into_iter()
        .map(|(m, used)| (m.to_owned(), used.into_iter().map(str::to_owned).collect()))
        .collect();
        assert_eq!(longest_chain(&graph), ["a", "b", "c"]);
    }

    #[test]
    fn a_cycle_is_found() {
        let graph: BTreeMap<String, Vec<String>> =
            [("a", vec!["b"]), ("b", vec!["c"]), ("c", vec!["a"])]
                .into_iter()
                .map(|(m, used)| (m.to_owned(), used.into_iter().map(str::to_owned).collect()))
                .collect();
        assert_eq!(
            cycle(&graph),
            Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
        );
    }
}
