// Package known is Benchtop's table of devices it knows more about than
// their descriptors say: what they are sold as, their key range and what
// their controls send. The Devices tab shows the card; the Live input tab
// lays out its keyboard and names its controllers from it.
package known
