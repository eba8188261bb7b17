/* A libtcss_jni from before 1.1, for NativeLoadFailureTest: it reports version
 * 1.0.0 and makes clients, but has none of the 1.1 natives (ensureRegistry,
 * scanImage, ...), as a library named by an old -Dtcss.native.path would. */
#include <jni.h>

JNIEXPORT jstring JNICALL Java_com_tencentcloud_tcss_TcssNative_nativeVersion(JNIEnv *env, jclass cls) {
    (void)cls;
    return (*env)->NewStringUTF(env, "1.0.0");
}

JNIEXPORT jint JNICALL Java_com_tencentcloud_tcss_TcssNative_clientNew(JNIEnv *env, jclass cls, jobjectArray s,
                                                                       jlongArray n, jobject log, jlongArray out,
                                                                       jobjectArray es, jlongArray en) {
    jlong one = 1;
    (void)cls;
    (void)s;
    (void)n;
    (void)log;
    (void)es;
    (void)en;
    (*env)->SetLongArrayRegion(env, out, 0, 1, &one);
    return 0;
}

JNIEXPORT void JNICALL Java_com_tencentcloud_tcss_TcssNative_clientFree(JNIEnv *env, jclass cls, jlong handle) {
    (void)env;
    (void)cls;
    (void)handle;
}
