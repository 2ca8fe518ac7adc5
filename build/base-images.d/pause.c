/*
 * The process of a pod's sandbox container: it holds the pod's namespaces open, reaps the orphans that end
 * up with it as their parent, and exits when the runtime stops the sandbox. Built statically, so that its
 * image needs no other file.
 */
#include <signal.h>
#include <stddef.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_stop(int signal) {
    (void) signal;
    _exit(0);
}

static void on_child(int signal) {
    (void) signal;
    while (waitpid(-1, NULL, WNOHANG) > 0) {
    }
}

int main(void) {
    struct sigaction stop = {.sa_handler = on_stop};
    struct sigaction child = {.sa_handler = on_child, .sa_flags = SA_NOCLDSTOP | SA_RESTART};
    if (sigaction(SIGINT, &stop, NULL) < 0 || sigaction(SIGTERM, &stop, NULL) < 0
            || sigaction(SIGCHLD, &child, NULL) < 0) {
        return 1;
    }
    for (;;) {
        pause();
    }
}
