package io.juntos; public final class Main { public static void main(String[] a){} }
