package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"desktop/marginalia/storage"
)

// backupCommands are the commands that keep a project safe: backup,
// restore and check.
func backupCommands() []command {
	return []command{
		{name: "backup", usage: "PROJECT [OUT] [--list]",
			summary: `write a snapshot of PROJECT: to OUT when it ends in .qdb (never overwritten), else into the folder OUT, by default "PROJECT backups" beside it (keeping the last 10 and one a day for 30 days); --list lists that folder's backups`,
			minArgs: 1, maxArgs: 2, flags: func(fs *flag.FlagSet) { fs.Bool("list", false, "list the backups instead of making one") }, run: runBackup},
		{name: "restore", usage: "BACKUP NEW_PROJECT", summary: "restore a backup into a new project file (never over an existing file)",
			minArgs: 2, maxArgs: 2, run: runRestore},
		{name: "check", usage: "PROJECT", summary: "check a project without changing it: SQLite's integrity, codings inside their texts, texts against their SHA-256, the journal, the code tree; exit 1 listing each problem",
			minArgs: 1, maxArgs: 1, run: runCheck},
	}
}

func runBackup(c *call) error {
	project := c.args[0]
	dir := storage.DefaultBackupDir(project)
	exact := ""
	if len(c.args) == 2 {
		if strings.EqualFold(filepath.Ext(c.args[1]), ".qdb") {
			exact = c.args[1]
		} else {
			dir = c.args[1]
		}
	}
	if c.boolean("list") {
		if exact != "" {
			return usagef("--list takes a folder, not %s", exact)
		}
		backups, err := storage.ListBackups(dir)
		if err != nil {
			return err
		}
		if len(backups) == 0 {
			fmt.Fprintf(c.stdout, "no backups in %s\n", dir)
			return nil
		}
		for _, b := range backups {
			fmt.Fprintf(c.stdout, "%s\t%s\n", b, b.Path)
		}
		return nil
	}
	if _, err := os.Stat(project); err != nil && !storage.IsTeamURL(project) {
		return fmt.Errorf("backup %s: no such file", project)
	}
	p, err := storage.Open(project)
	if err != nil {
		return err
	}
	defer p.Close()
	var info storage.BackupInfo
	if exact != "" {
		info, err = p.BackupTo(exact)
	} else {
		info, err = p.Backup(dir)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "backed up %s to %s (%s)\n", project, info.Path, info.Contents())
	return nil
}

func runRestore(c *call) error {
	info, err := storage.Restore(c.args[0], c.args[1])
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "restored %s to %s (%s)\n", c.args[0], c.args[1], info.Contents())
	return nil
}

func runCheck(c *call) error {
	r, err := storage.Check(c.args[0])
	if err != nil {
		return err
	}
	if r.OK() {
		fmt.Fprintln(c.stdout, r.Summary())
		return nil
	}
	for _, p := range r.Problems {
		fmt.Fprintln(c.stdout, p)
	}
	return fmt.Errorf("check %s (listed above); the file was not changed. To go back to a backup: marginalia backup %s --list, then marginalia restore BACKUP NEW_PROJECT", r.Summary(), c.args[0])
}
