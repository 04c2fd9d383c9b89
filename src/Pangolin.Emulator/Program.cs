System.Console.WriteLine("emulator");
