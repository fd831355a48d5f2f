// `async fn` compiles, borrows and `?` included.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
async fn length(text: &str) -> Result<usize, std::num::ParseIntError> {
    let n: usize = text.parse()?;
    Ok(n + text.len())
}

struct Store;

#[exit_policy(immediate)]
impl Store {
    async fn get(&self, key: &str) -> usize {
        key.len()
    }
}

fn main() {
    let _future = length("12");
    let _get = Store.get("a");
}
