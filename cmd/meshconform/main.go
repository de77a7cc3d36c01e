// Command meshconform is the livemesh conformance tool: it checks an implementation of the
// Live Mesh protocols against the livemesh specification. See README.md at the repository root
// and spec/ for what it checks; `meshconform -h` lists its commands.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"

	"github.com/livemesh-spec/livemesh/internal/cli"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3"; otherwise the module
// version from the build information is used.
var version = ""

const overview = `meshconform checks implementations of the Live Mesh protocols against the livemesh
specification (spec/ in the livemesh repository).`

func commands() []cli.Command {
	return []cli.Command{
		feedCommand,
		identCommand,
		p2pCommand,
		runCommand,
		shimCommand,
		ticketCommand,
		vectorsCommand,
		versionCommand,
	}
}

func main() {
	os.Exit(run(cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}, os.Args[1:]))
}

func run(env cli.Env, args []string) int {
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		args = append([]string{"version"}, args[1:]...)
	}
	return cli.Dispatch(env, "meshconform", overview, commands(), args)
}

// versionString names the tool's version, the Go toolchain and the platform.
func versionString() string {
	v := version
	if v == "" {
		v = "(devel)"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
			v = bi.Main.Version
		}
	}
	return fmt.Sprintf("meshconform %s (%s %s/%s)", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
