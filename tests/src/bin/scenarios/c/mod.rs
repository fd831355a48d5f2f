//! C1 to C3: command-line programs.

mod c1_clap_exit_without_the_pipe_hook;
mod c2_closed_pipe;
mod c3_the_trace_names_who_asked;

use exit_policy_tests::{Case, Run};

/// The cases, by name.
pub(crate) const CASES: &[Case] = &[
    (
        "c1_help_into_a_closed_pipe_without_handle_closed_pipe",
        Run::Plain(c1_clap_exit_without_the_pipe_hook::main),
    ),
    (
        "c2_println_into_a_closed_pipe",
        Run::Plain(|| c2_closed_pipe::main("println")),
    ),
    (
        "c2_closed_pipe_again_in_a_destructor",
        Run::Plain(|| c2_closed_pipe::main("destructor")),
    ),
    (
        "c2_closed_pipe_on_a_worker",
        Run::Plain(|| c2_closed_pipe::main("worker")),
    ),
    (
        "c2_closed_pipe_with_handle_panics",
        Run::Plain(|| c2_closed_pipe::main("handle-panics")),
    ),
    (
        "c3_a_named_worker_asks",
        Run::Plain(|| c3_the_trace_names_who_asked::main("worker")),
    ),
    (
        "c3_exit_now_is_named",
        Run::Plain(|| c3_the_trace_names_who_asked::main("exit-now")),
    ),
    (
        "c3_exit_now_after_a_worker_s_exit_was_caught",
        Run::Plain(|| c3_the_trace_names_who_asked::main("exit-now-after-catch")),
    ),
    (
        "c3_the_trace_s_logger_blocks_and_the_deadline_cuts",
        Run::Plain(|| c3_the_trace_names_who_asked::main("blocking-logger")),
    ),
];
