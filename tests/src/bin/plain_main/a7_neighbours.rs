//! A7: neighbouring attributes give, in either order, the result they give
//! without this one: `#[tracing::instrument]` (its span covers the body,
//! `ret` logs the value, `err` the error) and `#[async_trait]` (the policy is
//! in force while the method's future runs; a trait of an annotated `mod`
//! stays usable as `dyn`).

use async_trait::async_trait;
use exit_policy::{Policy, current_policy, exit_policy};

#[tracing::instrument(ret)]
async fn plain(x: u8) -> u8 {
    tracing::info!("inside, under {:?}", current_policy());
    x + 1
}

#[exit_policy(immediate)]
#[tracing::instrument(ret)]
async fn above(x: u8) -> u8 {
    tracing::info!("inside, under {:?}", current_policy());
    x + 1
}

#[tracing::instrument(ret)]
#[exit_policy(immediate)]
async fn below(x: u8) -> u8 {
    tracing::info!("inside, under {:?}", current_policy());
    x + 1
}

#[exit_policy(immediate)]
#[tracing::instrument(err)]
async fn fallible(x: u8) -> Result<u8, String> {
    tracing::info!("inside, under {:?}", current_policy());
    if x == 0 {
        Err("zero".to_owned())
    } else {
        Ok(x)
    }
}

#[exit_policy(immediate)]
#[tracing::instrument(ret)]
fn sync_above(x: u8) -> u8 {
    tracing::info!("inside, under {:?}", current_policy());
    x + 1
}

#[async_trait]
trait Service {
    async fn call(&self) -> Option<Policy>;
}

struct PerMethod;

#[async_trait]
impl Service for PerMethod {
    #[exit_policy(immediate)]
    async fn call(&self) -> Option<Policy> {
        tokio::task::yield_now().await;
        current_policy()
    }
}

struct WholeImpl;

#[exit_policy(immediate)]
#[async_trait]
impl Service for WholeImpl {
    async fn call(&self) -> Option<Policy> {
        tokio::task::yield_now().await;
        current_policy()
    }
}

#[exit_policy(graceful)]
mod in_a_module {
    use async_trait::async_trait;
    use exit_policy::{Policy, current_policy};

    #[async_trait]
    pub trait Named: Sync {
        async fn policy(&self) -> Option<Policy> {
            tokio::task::yield_now().await;
            current_policy()
        }
    }

    pub struct Default;

    #[async_trait]
    impl Named for Default {}
}

pub fn main() {
    tracing_subscriber::fmt()
        .without_time()
        .with_ansi(false)
        .with_target(false)
        .with_writer(std::io::stdout)
        .init();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        plain(1).await;
        above(1).await;
        below(1).await;
        let _ = fallible(0).await;
        let services: [Box<dyn Service>; 2] = [Box::new(PerMethod), Box::new(WholeImpl)];
        for service in &services {
            println!("async_trait method: {:?}", service.call().await);
        }
        let named: &dyn in_a_module::Named = &in_a_module::Default;
        println!("async_trait default, as dyn: {:?}", named.policy().await);
    });
    sync_above(1);
}
