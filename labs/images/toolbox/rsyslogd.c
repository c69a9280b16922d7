/*
 * rsyslogd: Podlab's stand-in for the article's rsyslogd, a process made of cooperating parts.
 *
 * It logs nothing. It is one process named `rsyslogd` with three threads named `imklog`,
 * `imuxsock` and `main`, so that `pstree -g` draws the article's picture:
 *
 *   rsyslogd(7)─┬─{imklog}(7)
 *               ├─{imuxsock}(7)
 *               └─{main}(7)
 *
 * Threads share their process's PGID: the number in brackets is the same for all four.
 * Every thread sleeps in the kernel (no CPU at all); SIGTERM or SIGINT end it with status 0,
 * also as PID 1 of a container (the signals are waited for, which PID 1 needs: it ignores
 * signals it neither handles nor waits for). `-v` prints the version.
 *
 * Built with `musl-gcc -static -Os -s` (or `gcc -static`) so it needs no library in the image.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#define STANDIN_VERSION "podlab-rsyslogd 1 (a stand-in: three named threads, no logging)"

static const char *const THREADS[] = {"imklog", "imuxsock", "main"};

static void *part(void *name) {
  /* The thread names itself: PR_SET_NAME sets the calling thread's comm, which pstree shows. */
  prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
  for (;;) {
    pause(); /* every signal is blocked here, so this sleeps for good */
  }
  return NULL;
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--version") == 0) {
      printf("%s\n", STANDIN_VERSION);
      return 0;
    }
  }
  /* Named rsyslogd whatever the file is called (a copy, a symlink). */
  prctl(PR_SET_NAME, (unsigned long)"rsyslogd", 0, 0, 0);

  /* Blocked before the threads start, so they inherit the mask and only sigwait below sees them. */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);

  for (size_t i = 0; i < sizeof THREADS / sizeof THREADS[0]; i++) {
    pthread_t thread;
    int err = pthread_create(&thread, NULL, part, (void *)THREADS[i]);
    if (err != 0) {
      fprintf(stderr, "rsyslogd: cannot start thread %s: %s\n", THREADS[i], strerror(err));
      return 1;
    }
  }

  int signo = 0;
  if (sigwait(&stop, &signo) != 0) {
    perror("rsyslogd: sigwait");
    return 1;
  }
  fprintf(stderr, "rsyslogd: got %s, shutting down\n", signo == SIGINT ? "SIGINT" : "SIGTERM");
  return 0; /* returning from main ends every thread */
}
