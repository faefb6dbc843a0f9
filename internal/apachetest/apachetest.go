// Package apachetest runs Apache httpd with mod_auth_tkt for the tests that
// check authtkt and httpauth against the real module: a configuration in a
// temporary directory, free loopback ports, and a stop by pid when the test
// ends. It is for tests only.
package apachetest

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Module is where Debian's libapache2-mod-auth-tkt installs mod_auth_tkt.
const Module = "/usr/lib/apache2/modules/mod_auth_tkt.so"

// modules are the Apache modules every configuration loads, besides
// mod_auth_tkt.
var modules = []string{"mpm_prefork", "authn_core", "authz_core", "authz_user", "headers", "status"}

// Start runs Apache on n free loopback ports and returns them. conf returns
// the test's own directives for those ports: Listen and VirtualHost lines,
// TKTAuthSecret, TKTAuthDigestType and Location blocks. Start puts before
// them the server set-up: a server root and logs in a temporary directory,
// LogLevel error (at warn the module logs the expected digest of every
// ticket it refuses), prefork, mod_auth_tkt, mod_status's handler for every
// path (so that the children read no files: authentication runs before any
// handler), and the response headers X-Remote-User, X-Remote-User-Tokens
// and X-Remote-User-Data, which echo what the module set.
//
// Without apache2 or the module, Start skips the test with a loud message.
// It tries fresh ports when another process took one. When the test ends it
// stops Apache by its pid, and reports any child that outlived it.
func Start(t testing.TB, n int, conf func(ports []int) string) []int {
	t.Helper()
	bin, err := exec.LookPath("apache2")
	if err != nil {
		bin = "/usr/sbin/apache2"
	}
	for _, need := range []string{bin, Module} {
		if _, err := os.Stat(need); err != nil {
			t.Skipf("SKIPPED: %s is missing, so %s did NOT check against the real Apache mod_auth_tkt "+
				"(apt-get install apache2 libapache2-mod-auth-tkt)", need, t.Name())
		}
	}
	for attempt := 1; ; attempt++ {
		ports := freePorts(t, n)
		if start(t, bin, ports, conf(ports)) {
			return ports
		}
		if attempt == 3 {
			t.Fatal("apache2 could not bind free ports three times")
		}
	}
}

// Get sends Apache at host:port a GET for path (which starts with '/') with
// the auth_tkt cookie set to cookie, or no cookie when it is empty. The
// Cookie header is written by hand: net/http would refuse or rewrite some
// test values. Redirects are not followed; the body is closed.
func Get(t testing.TB, host string, port int, path, cookie string) *http.Response {
	t.Helper()
	req, err := http.NewRequest("GET", "http://"+net.JoinHostPort(host, strconv.Itoa(port))+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cookie != "" {
		req.Header.Set("Cookie", "auth_tkt="+cookie)
	}
	client := &http.Client{
		Timeout:       10 * time.Second,
		Transport:     &http.Transport{DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// freePorts reserves n loopback ports and releases them for Apache.
func freePorts(t testing.TB, n int) []int {
	t.Helper()
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports
}

// start writes the configuration, starts Apache in the foreground and
// waits until it listens on every port. It reports false when Apache could
// not bind one.
func start(t testing.TB, bin string, ports []int, body string) bool {
	t.Helper()
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	if err := os.Mkdir(logs, 0o755); err != nil {
		t.Fatal(err)
	}
	confPath := filepath.Join(dir, "httpd.conf")
	if err := os.WriteFile(confPath, []byte(preamble(t, dir, logs)+body), 0o644); err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	cmd := exec.Command(bin, "-f", confPath, "-DFOREGROUND")
	cmd.Stdout, cmd.Stderr = &out, &out
	// Apache's parent signals its whole process group when it stops; give
	// it its own, or it would take the test binary (and go test) with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	pid := cmd.Process.Pid
	t.Cleanup(func() { stop(t, pid, exited, confPath) })

	errorLog := func() string {
		b, _ := os.ReadFile(filepath.Join(logs, "error.log"))
		return out.String() + string(b)
	}
	deadline := time.Now().Add(15 * time.Second)
	for _, port := range ports {
		for {
			c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
			if err == nil {
				c.Close()
				break
			}
			select {
			case err := <-exited:
				exited <- err
				if strings.Contains(errorLog(), "Address already in use") {
					t.Logf("apache2 could not bind its ports:\n%s", errorLog())
					return false
				}
				t.Fatalf("apache2 exited early (%v):\n%s", err, errorLog())
			case <-time.After(50 * time.Millisecond):
			}
			if time.Now().After(deadline) {
				t.Fatalf("apache2 is not listening on %d:\n%s", port, errorLog())
			}
		}
	}
	return true
}

// preamble is the server set-up that Start puts before the test's
// directives.
func preamble(t testing.TB, dir, logs string) string {
	t.Helper()
	var conf strings.Builder
	fmt.Fprintf(&conf, "ServerRoot %q\nServerName 127.0.0.1\nPidFile %q\nErrorLog %q\nDefaultRuntimeDir %q\nMutex file:%s default\n",
		dir, filepath.Join(logs, "httpd.pid"), filepath.Join(logs, "error.log"), logs, logs)
	conf.WriteString("LogLevel error\nStartServers 1\nMinSpareServers 1\nMaxSpareServers 3\n")
	if os.Geteuid() == 0 {
		// Root Apache switches its children to an unprivileged user, which
		// must be able to reach the temporary directory and write the logs.
		usr, grp := "nobody", "nogroup"
		if _, err := user.LookupGroup(grp); err != nil {
			grp = "#65534"
		}
		fmt.Fprintf(&conf, "User %s\nGroup %s\n", usr, grp)
		for d := dir; d != filepath.Dir(d) && strings.HasPrefix(d, os.TempDir()) && d != os.TempDir(); d = filepath.Dir(d) {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if u, err := user.Lookup(usr); err == nil {
			uid, _ := strconv.Atoi(u.Uid)
			if err := os.Chown(logs, uid, -1); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, m := range modules {
		fmt.Fprintf(&conf, "LoadModule %s_module /usr/lib/apache2/modules/mod_%s.so\n", m, m)
	}
	fmt.Fprintf(&conf, "LoadModule auth_tkt_module %s\n", Module)
	fmt.Fprintf(&conf, "DocumentRoot %q\n<Location />\n  SetHandler server-status\n</Location>\n", dir)
	conf.WriteString(`Header always set X-Remote-User "%{REMOTE_USER}e"` + "\n")
	conf.WriteString(`Header always set X-Remote-User-Tokens "%{REMOTE_USER_TOKENS}e"` + "\n")
	conf.WriteString(`Header always set X-Remote-User-Data "%{REMOTE_USER_DATA}e"` + "\n")
	return conf.String()
}

// stop stops Apache by its pid and makes sure that it and its children are
// gone.
func stop(t testing.TB, pid int, exited chan error, confPath string) {
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
		t.Errorf("stopping apache2 (pid %d): %v", pid, err)
	}
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		t.Errorf("apache2 (pid %d) ignored SIGTERM; killing it", pid)
		_ = syscall.Kill(pid, syscall.SIGKILL)
		<-exited
	}
	// Children run the same command line, which names this test's config.
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(b, []byte(confPath)) {
			continue
		}
		child, err := strconv.Atoi(filepath.Base(filepath.Dir(p)))
		if err != nil {
			continue
		}
		t.Errorf("apache2 child %d outlived its parent; killing it", child)
		_ = syscall.Kill(child, syscall.SIGKILL)
	}
}
