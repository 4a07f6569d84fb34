# Installs Benchtop from its Linux bundle (replaces the Makefile that
# `fyne package` writes, to add the AppStream metadata and the notices).
#   make user-install / user-uninstall   into ~/.local (no root)
#   sudo make install / uninstall        into $(PREFIX), default /usr/local

PREFIX ?= /usr/local
AppID := dev.benchtop.app
Exec := benchtop

# Everything installed, as bundle-path:installed-path under a root.
FILES = \
	usr/local/bin/$(Exec):bin/$(Exec) \
	usr/local/share/applications/$(AppID).desktop:share/applications/$(AppID).desktop \
	usr/local/share/metainfo/$(AppID).metainfo.xml:share/metainfo/$(AppID).metainfo.xml \
	usr/local/share/doc/benchtop/LICENSE:share/doc/benchtop/LICENSE \
	usr/local/share/doc/benchtop/NOTICE:share/doc/benchtop/NOTICE

default:
	@echo 'make user-install     install into ~/.local (the app appears in the desktop menu)'
	@echo 'make user-uninstall   remove it again'
	@echo 'sudo make install     install into $(PREFIX); sudo make uninstall removes it'

define install_into
	@set -e; for f in $(FILES); do \
		src=$${f%%:*}; dst="$(1)/$${f##*:}"; mode=0644; \
		case $$src in */bin/*) mode=0755;; esac; \
		install -Dm$$mode "$$src" "$$dst"; \
	done
	install -Dm0644 usr/local/share/pixmaps/$(AppID).png "$(2)/$(AppID).png"
	-update-desktop-database -q "$(1)/share/applications" 2>/dev/null || true
endef

define uninstall_from
	@for f in $(FILES); do rm -f "$(1)/$${f##*:}"; done
	rm -f "$(2)/$(AppID).png"
	-rmdir "$(1)/share/doc/benchtop" 2>/dev/null || true
	-update-desktop-database -q "$(1)/share/applications" 2>/dev/null || true
endef

install:
	$(call install_into,$(DESTDIR)$(PREFIX),$(DESTDIR)$(PREFIX)/share/pixmaps)

uninstall:
	$(call uninstall_from,$(DESTDIR)$(PREFIX),$(DESTDIR)$(PREFIX)/share/pixmaps)

user-install:
	$(call install_into,$(DESTDIR)$(HOME)/.local,$(DESTDIR)$(HOME)/.local/share/icons)
	sed -i -e "s,^Exec=$(Exec),Exec=$(DESTDIR)$(HOME)/.local/bin/$(Exec),g" "$(DESTDIR)$(HOME)/.local/share/applications/$(AppID).desktop"

user-uninstall:
	$(call uninstall_from,$(DESTDIR)$(HOME)/.local,$(DESTDIR)$(HOME)/.local/share/icons)

.PHONY: default install uninstall user-install user-uninstall
