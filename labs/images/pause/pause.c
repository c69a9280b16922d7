/*
 * podlab-pause: the infra ("pause") process of a Podlab Pod.
 *
 * It holds the Pod's namespaces open and does nothing else, with the behaviour of the upstream
 * Kubernetes pause program:
 *   - it expects to be PID 1 of its PID namespace, but only warns when it is not;
 *   - SIGINT/SIGTERM end it with exit status 0. This handler is essential: PID 1 of a PID
 *     namespace ignores every signal it has no handler for, so without it `docker stop` would
 *     wait out its grace period and then SIGKILL (exit 137);
 *   - SIGCHLD reaps every exited child. With a shared PID namespace, orphans of the other
 *     containers are re-parented to PID 1; without reaping they would stay zombies forever;
 *   - `-v` prints the version.
 *
 * Built with `musl-gcc -static -Os -s` (~30 kB; `gcc -static` works too) so it runs in a
 * `FROM scratch` image.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PODLAB_PAUSE_VERSION
#define PODLAB_PAUSE_VERSION "3.10"
#endif

/* Only async-signal-safe calls (write, _exit) inside handlers: stdio is not. */
static void say(const char *text) {
  ssize_t ignored = write(STDERR_FILENO, text, strlen(text));
  (void)ignored;
}

static void on_shutdown(int signo) {
  say(signo == SIGINT ? "podlab-pause: got SIGINT, shutting down\n"
                      : "podlab-pause: got SIGTERM, shutting down\n");
  _exit(0);
}

static void on_child(int signo) {
  (void)signo;
  /* waitpid may clobber errno of the code this handler interrupted. */
  int saved_errno = errno;
  /* One SIGCHLD can stand for several exits (signals do not queue): reap until none is left. */
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
  errno = saved_errno;
}

static void install(int signo, void (*handler)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sa.sa_flags = flags;
  sigemptyset(&sa.sa_mask);
  if (sigaction(signo, &sa, NULL) < 0) {
    perror("podlab-pause: sigaction");
    exit(1);
  }
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-v") == 0) {
      printf("podlab-pause %s\n", PODLAB_PAUSE_VERSION);
      return 0;
    }
  }

  if (getpid() != 1) {
    /* Still useful (it holds the namespaces), but it will not be the reaper for the Pod. */
    fprintf(stderr, "podlab-pause: warning: not running as PID 1 (pid %d); orphans of this PID namespace "
                    "will not be reaped by pause\n", (int)getpid());
  }

  install(SIGINT, on_shutdown, 0);
  install(SIGTERM, on_shutdown, 0);
  /* SA_NOCLDSTOP: a stopped or continued child is not an exit, so do not wake up for it. */
  install(SIGCHLD, on_child, SA_NOCLDSTOP);

  for (;;) {
    pause();
  }
  /* Not reached: pause() only returns after a handler ran, and the loop waits again. */
  fprintf(stderr, "podlab-pause: error: wait loop ended\n");
  return 42;
}
