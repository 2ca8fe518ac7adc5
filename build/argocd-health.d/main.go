// argocd-health runs an Argo CD resource health script the way Argo CD does (argo-cd util/lua), so that a check
// which passes here passes there: gopher-lua (Lua 5.1), the resource as the global obj, a one-second limit, and for
// scripts configured in argocd-cm (the default) the same sandbox: the package, base and table libraries and a
// require("os") with only time and date; -open-libs gives every library, as Argo CD gives its built-in scripts.
//
//	argocd-health [-open-libs] SCRIPT RESOURCE.json
//
// It prints the health as JSON, {"status":"…","message":"…"}, and exits 1 with Argo CD's error when the script
// fails or returns something other than a table.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// The statuses Argo CD accepts from a script; any other is reported as Unknown.
var statuses = map[string]bool{
	"Healthy": true, "Progressing": true, "Degraded": true, "Suspended": true, "Missing": true, "Unknown": true,
}

type health struct {
	Status  string `json:"status"`
	Message string `json:"message"`
}

func main() {
	openLibs := flag.Bool("open-libs", false, "every Lua library, as Argo CD gives its built-in scripts")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: argocd-health [-open-libs] SCRIPT RESOURCE.json")
		os.Exit(2)
	}
	script, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fail(err)
	}
	raw, err := os.ReadFile(flag.Arg(1))
	if err != nil {
		fail(err)
	}
	var resource map[string]any
	if err := json.Unmarshal(raw, &resource); err != nil {
		fail(fmt.Errorf("%s is not a JSON object: %w", flag.Arg(1), err))
	}
	result, err := run(string(script), resource, *openLibs)
	if err != nil {
		fail(err)
	}
	out, _ := json.Marshal(result)
	fmt.Println(string(out))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

func run(script string, resource map[string]any, openLibs bool) (health, error) {
	l := lua.NewState(lua.Options{SkipOpenLibs: !openLibs})
	defer l.Close()
	for _, lib := range []struct {
		name string
		open lua.LGFunction
	}{
		{lua.LoadLibName, lua.OpenPackage},
		{lua.BaseLibName, lua.OpenBase},
		{lua.TabLibName, lua.OpenTable},
		// Argo CD registers its safe os under the table library's name, where it changes nothing: scripts reach it
		// only through require("os") below. Done the same way here, so that a script relying on a global os fails
		// here as it fails there.
		{lua.TabLibName, openSafeOs},
	} {
		if err := l.CallByParam(lua.P{Fn: l.NewFunction(lib.open), NRet: 0, Protect: true}, lua.LString(lib.name)); err != nil {
			return health{}, err
		}
	}
	l.PreloadModule(lua.OsLibName, safeOsLoader)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	l.SetContext(ctx)
	l.SetGlobal("actionParams", l.NewTable())
	l.SetGlobal("obj", value(l, resource))
	if err := l.DoString(script); err != nil {
		return health{}, err
	}
	switch returned := l.Get(-1).(type) {
	case *lua.LTable:
		return read(returned), nil
	default:
		if returned == lua.LNil {
			return health{}, nil
		}
		return health{}, fmt.Errorf("expect table output from Lua script, not %s", returned.Type().String())
	}
}

// read takes status and message as Argo CD does, through JSON: a table without string keys is a JSON array and a
// field of another type than string fails to decode, both leaving the health empty; a status it does not know
// becomes Unknown.
func read(table *lua.LTable) health {
	object := false
	table.ForEach(func(key, _ lua.LValue) {
		if key.Type() != lua.LTNumber {
			object = true
		}
	})
	status, statusOk := table.RawGetString("status").(lua.LString)
	message, messageOk := table.RawGetString("message").(lua.LString)
	if !object || (!statusOk && table.RawGetString("status") != lua.LNil) ||
		(!messageOk && table.RawGetString("message") != lua.LNil) {
		return health{}
	}
	if !statuses[string(status)] {
		return health{Status: "Unknown", Message: "Lua returned an invalid health status"}
	}
	return health{Status: string(status), Message: string(message)}
}

// value is the resource as Argo CD hands it to scripts: objects and lists as tables, every number a float.
func value(l *lua.LState, v any) lua.LValue {
	switch v := v.(type) {
	case bool:
		return lua.LBool(v)
	case float64:
		return lua.LNumber(v)
	case string:
		return lua.LString(v)
	case []any:
		table := l.CreateTable(len(v), 0)
		for _, item := range v {
			table.Append(value(l, item))
		}
		return table
	case map[string]any:
		table := l.CreateTable(0, len(v))
		for key, item := range v {
			table.RawSetH(lua.LString(key), value(l, item))
		}
		return table
	default:
		return lua.LNil
	}
}

// safeOs is what Argo CD's safe os library holds, its copies of gopher-lua's own os.time and os.date.
func safeOs() map[string]lua.LGFunction {
	full := lua.NewState()
	defer full.Close()
	os := full.GetGlobal(lua.OsLibName).(*lua.LTable)
	return map[string]lua.LGFunction{
		"time": os.RawGetString("time").(*lua.LFunction).GFunction,
		"date": os.RawGetString("date").(*lua.LFunction).GFunction,
	}
}

func openSafeOs(l *lua.LState) int {
	l.Push(l.RegisterModule(lua.TabLibName, safeOs()))
	return 1
}

func safeOsLoader(l *lua.LState) int {
	l.Push(l.SetFuncs(l.NewTable(), safeOs()))
	return 1
}
