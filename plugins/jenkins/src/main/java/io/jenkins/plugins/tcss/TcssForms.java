package io.jenkins.plugins.tcss;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.tcss.core.InputMapping;
import io.jenkins.plugins.tcss.core.TriState;
import java.util.Collections;
import java.util.List;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/**
 * The list boxes of the step's form (the freestyle builder nests the same
 * form) and of the global configuration, each behind a permission check, as
 * the credentials plugin's consumer guide asks: with no item, only an
 * administrator sees the list, taken from the root; in a job, a user who may
 * configure it (EXTENDED_READ) or use its credentials (USE_ITEM), listed as
 * the job's own authentication. SYSTEM-scoped credentials are never offered:
 * a build cannot use them (findCredentialById(run) leaves that scope out).
 * Every web method that calls these is {@code @POST}.
 */
final class TcssForms {
    private TcssForms() {
    }

    /** Whether the current user may see the credentials of this context (null: the root). */
    static boolean mayListCredentials(Item item) {
        if (item == null) {
            return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
        }
        return item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }

    /**
     * Credentials of the given kinds a build of item can use, with an empty choice first and the
     * current value kept; only the current value for a user who may not list them.
     */
    static ListBoxModel credentials(Item item, String current, List<Class<? extends StandardCredentials>> types) {
        StandardListBoxModel m = new StandardListBoxModel();
        if (!mayListCredentials(item)) {
            m.includeCurrentValue(current);
            return m;
        }
        m.includeEmptyValue();
        for (Class<? extends StandardCredentials> type : types) {
            if (item == null) {
                m.includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), type, Collections.emptyList(), usableByBuilds());
            } else {
                m.includeMatchingAs(listAs(item), item, type, Collections.emptyList(), usableByBuilds());
            }
        }
        m.includeCurrentValue(current);
        return m;
    }

    /** The job's own authentication (what its builds run as); ACL.SYSTEM2 for an item that is not a task. */
    static Authentication listAs(Item item) {
        return item instanceof Queue.Task ? Tasks.getAuthenticationOf2((Queue.Task) item) : ACL.SYSTEM2;
    }

    /** Every scope but SYSTEM, which builds cannot see. */
    static com.cloudbees.plugins.credentials.CredentialsMatcher usableByBuilds() {
        return CredentialsMatchers.not(CredentialsMatchers.withScope(CredentialsScope.SYSTEM));
    }

    /**
     * A fixed list (no secrets in it), for a user who may read the item (or Jenkins, with no item);
     * empty for anyone else.
     */
    static ListBoxModel fixed(Item item, List<String[]> labelAndValue) {
        ListBoxModel m = new ListBoxModel();
        boolean mayRead = item == null ? Jenkins.get().hasPermission(Jenkins.READ) : item.hasPermission(Item.READ);
        if (mayRead) {
            for (String[] o : labelAndValue) {
                m.add(o[0], o[1]);
            }
        }
        return m;
    }

    /** Not sent / true / false for Insecure and NeedScan. */
    static ListBoxModel triState(Item item) {
        return fixed(item, TriState.OPTIONS);
    }

    /** ensure's update policies; the first (auto) is the default. */
    static ListBoxModel updatePolicies(Item item) {
        List<String[]> options = new java.util.ArrayList<>();
        for (String u : InputMapping.UPDATE_POLICIES) {
            options.add(new String[] {u, u});
        }
        return fixed(item, options);
    }

    /** A fixed list of words (no secrets in it), each its own label. */
    static ListBoxModel words(Item item, List<String> words) {
        List<String[]> options = new java.util.ArrayList<>();
        for (String w : words) {
            options.add(new String[] {w, w});
        }
        return fixed(item, options);
    }

    /** The RegistryType values the API accepts. */
    static ListBoxModel registryTypes(Item item) {
        List<String[]> options = new java.util.ArrayList<>();
        for (String t : InputMapping.REGISTRY_TYPES) {
            options.add(new String[] {t, t});
        }
        return fixed(item, options);
    }
}
