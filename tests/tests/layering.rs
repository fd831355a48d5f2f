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
