package io.jenkins.plugins.tcss;

import hudson.model.Run;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import jenkins.model.RunAction2;

/** The short TCSS summary on the build page (summary.jelly); one line per step run. */
public class TcssSummaryAction implements RunAction2 {
    private final List<String> lines = new ArrayList<>();
    private transient Run<?, ?> run;

    static synchronized void addTo(Run<?, ?> run, String line) throws java.io.IOException {
        TcssSummaryAction a = run.getAction(TcssSummaryAction.class);
        if (a == null) {
            a = new TcssSummaryAction();
            a.lines.add(line);
            run.addAction(a);
        } else {
            synchronized (a) {
                a.lines.add(line);
            }
            run.save();
        }
    }

    public synchronized List<String> getLines() {
        return Collections.unmodifiableList(new ArrayList<>(lines));
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    // No sidebar link: the summary is shown on the build's main page only.
    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return "TCSS";
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
